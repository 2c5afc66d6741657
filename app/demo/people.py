"""Plausible Chinese names and valid 公民身份号码 for demo data."""

import datetime as dt
import random

from app.idcard import check_character

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余"
    "于杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕"
    "聂焦向柳邢岳齐梅莫庄辛管祝左涂谷时舒耿牟卜詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫"
    "查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵欧阳解强丛华车冉房边辜吉饶刁瞿戚丘米池"
    "滕晋苑邬臧畅宫来苟全褚廉简娄盖符奚木穆党燕郎邸冀谈姬屠连郜晏栾郁商蒙计喻揭窦迟宇"
    "敖糜鄢冷卓花艾蓝都巩稽井练仲乐虞卞封竺冼原官衣楚佟栗匡宗应台巫鞠僖桑荆谌银扬明沙"
    "薄伏岑习胥保和蔺"
)
GIVEN_MALE = (
    "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林欢阳建国峰亮成志东博文"
    "涛晨昊然轩睿哲"
)
GIVEN_FEMALE = (
    "芳娜敏静丽艳娟霞秀英慧巧美淑惠珠翠雅芝玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪"
    "荣爱妹香月莺媛瑶怡婷"
)
#: Rare characters that fonts often lack; a few demo names use one.
RARE_GIVEN = "喆堃祎犇昇珺玥"
AREA_CODES = ("110101", "120102", "130102", "320102", "330106", "370102", "410105", "420106",
              "430102", "440106", "510104", "610113")


def person_name(rng: random.Random, gender: str) -> str:
    pool = GIVEN_MALE if gender == "男" else GIVEN_FEMALE
    if rng.random() < 0.08:
        pool = RARE_GIVEN
    given = "".join(rng.choice(pool) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def id_number(rng: random.Random, birth: dt.date, gender: str) -> str:
    seq = rng.randrange(0, 500) * 2 + (1 if gender == "男" else 0)
    first17 = f"{rng.choice(AREA_CODES)}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_character(first17)


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max((end - start).days, 1)))
